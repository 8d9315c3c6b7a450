// The Nomad replace options as checkboxes; used by the conflict dialog and by Settings.

import type { UploadReplaceOption } from '../../../preload/contract';
import { useI18n } from '../i18n/use-i18n';
import { REPLACE_OPTIONS, REPLACE_OPTION_LABELS, toggleReplaceOption } from '../model/replace-options';

interface ReplaceOptionsFieldsetProps {
  legend: string;
  hint?: string;
  value: readonly UploadReplaceOption[];
  onChange: (value: UploadReplaceOption[]) => void;
  disabled?: boolean;
  columns?: 2 | 3;
}

export function ReplaceOptionsFieldset(props: ReplaceOptionsFieldsetProps) {
  const { legend, hint, value, onChange, disabled = false, columns = 2 } = props;
  const { t } = useI18n();
  return (
    <fieldset className="fieldset" disabled={disabled}>
      <legend className="field-label">{legend}</legend>
      {hint !== undefined && <p className="field-hint">{hint}</p>}
      <div className={`checkbox-grid columns-${columns}`}>
        {REPLACE_OPTIONS.map((option) => (
          <label key={option} className="checkbox">
            <input
              type="checkbox"
              checked={value.includes(option)}
              onChange={(event) => onChange(toggleReplaceOption(value, option, event.target.checked))}
            />
            <span>{t(REPLACE_OPTION_LABELS[option])}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
