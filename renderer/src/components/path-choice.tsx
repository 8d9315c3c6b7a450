// A place shown by its path with the button that chooses another: Settings' destination
// folder, a watch folder's local folder and its destination. The path is named by the field's
// label; an error about the choice is read out when it appears.

import { useId, type ReactNode, type Ref } from 'react';
import { Button } from './button';
import { Icon, type IconName } from './icons';

interface PathChoiceProps {
  label: string;
  icon: IconName;
  path: ReactNode;
  chooseLabel: string;
  onChoose: () => void;
  error?: string | null | undefined;
  buttonRef?: Ref<HTMLButtonElement>;
  /** The button takes the focus when the dialog opens. */
  autoFocus?: boolean;
}

export function PathChoice(props: PathChoiceProps) {
  const labelId = useId();
  const errorId = useId();
  const hasError = props.error !== null && props.error !== undefined;
  return (
    <div className="field">
      <span className="field-label" id={labelId}>
        {props.label}
      </span>
      <div className="destination-choice">
        <span className="destination-path" aria-labelledby={labelId}>
          <Icon name={props.icon} size={16} />
          {props.path}
        </span>
        <Button
          ref={props.buttonRef}
          size="sm"
          icon="folder-plus"
          data-autofocus={props.autoFocus ? true : undefined}
          aria-describedby={hasError ? errorId : undefined}
          onClick={props.onChoose}
        >
          {props.chooseLabel}
        </Button>
      </div>
      {hasError && (
        <p id={errorId} className="field-error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}
