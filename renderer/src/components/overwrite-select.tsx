// "When a file already exists": the conflict policy as a labelled select with the chosen
// policy's hint under it. Settings' default and a watch folder's policy offer the same choices.

import { useId } from 'react';
import type { OverwritePolicy } from '../../../preload/contract';
import { useI18n } from '../i18n/use-i18n';
import { OVERWRITE_CHOICES, isOverwritePolicy } from '../model/overwrite-policy';

interface OverwriteSelectProps {
  label: string;
  value: OverwritePolicy;
  onChange: (value: OverwritePolicy) => void;
}

export function OverwriteSelect(props: OverwriteSelectProps) {
  const { t } = useI18n();
  const id = useId();
  const hintId = `${id}-hint`;
  const hint = OVERWRITE_CHOICES.find((c) => c.value === props.value)?.hint;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {props.label}
      </label>
      <select
        id={id}
        className="select"
        value={props.value}
        aria-describedby={hintId}
        onChange={(event) => {
          const value = event.target.value;
          if (isOverwritePolicy(value)) props.onChange(value);
        }}
      >
        {OVERWRITE_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {t(choice.label)}
          </option>
        ))}
      </select>
      <p id={hintId} className="field-hint">
        {hint !== undefined ? t(hint) : ''}
      </p>
    </div>
  );
}
