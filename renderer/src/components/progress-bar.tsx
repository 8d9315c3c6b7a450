// A thin determinate progress bar. The fill is a transform, not a width, so 10 updates a
// second only recomposite.

import type { Tone } from '../model/job-state';

interface ProgressBarProps {
  fraction: number;
  label: string;
  tone?: Tone;
  size?: 'sm' | 'lg';
  /** Shown instead of a value when nothing measurable is happening yet. */
  indeterminate?: boolean;
}

export function ProgressBar(props: ProgressBarProps) {
  const { fraction, label, tone = 'accent', size = 'sm', indeterminate = false } = props;
  const clamped = Math.max(0, Math.min(1, fraction));
  const percent = Math.floor(clamped * 100);
  return (
    <div
      className={`progress progress-${size} tone-${tone}${indeterminate ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={indeterminate ? undefined : percent}
    >
      <div className="progress-fill" style={{ transform: `scaleX(${indeterminate ? 1 : clamped})` }} />
    </div>
  );
}
