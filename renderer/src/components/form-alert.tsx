// The error a command returned, shown at the top of a form. role=alert so it is read out
// when it appears, since focus stays on the field the person has to fix.

import { Icon } from './icons';

export function FormAlert(props: { message: string | null }) {
  if (props.message === null) return null;
  return (
    <div role="alert" className="form-alert">
      <Icon name="alert" size={16} />
      <p>{props.message}</p>
    </div>
  );
}
