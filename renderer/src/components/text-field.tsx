// A labelled input with an optional hint and an inline error wired to aria-describedby.

import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | null | undefined;
  /** The server's own words about the error, shown verbatim under it. */
  errorDetail?: string | undefined;
  errorDetailLabel?: string;
  ref?: Ref<HTMLInputElement>;
  /** Something shown right of the input, e.g. a unit selector. */
  addon?: ReactNode;
}

export function TextField(props: TextFieldProps) {
  const { label, value, onChange, hint, error, errorDetail, errorDetailLabel, addon, className, ...input } = props;
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint !== undefined ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="field-control">
        <input
          id={id}
          className={`input${error ? ' input-invalid' : ''}`}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(event) => onChange(event.target.value)}
          {...input}
        />
        {addon}
      </div>
      {error ? (
        <div id={errorId} className="field-error" role="alert">
          <p>{error}</p>
          {errorDetail !== undefined && (
            <p className="field-error-detail">
              {errorDetailLabel !== undefined && <span>{errorDetailLabel}: </span>}
              <bdi dir="auto" className="selectable">
                {errorDetail}
              </bdi>
            </p>
          )}
        </div>
      ) : null}
      {hint !== undefined && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
