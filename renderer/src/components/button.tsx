// The two button shapes the app uses: a labelled button and an icon-only button whose
// accessible name says what it acts on ("Pause a.mov").

import type { ButtonHTMLAttributes, Ref } from 'react';
import { Icon, type IconName } from './icons';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: 'sm' | 'md';
  icon?: IconName;
  ref?: Ref<HTMLButtonElement>;
}

export function Button(props: ButtonProps) {
  const { variant = 'secondary', size = 'md', icon, className, children, type, ...rest } = props;
  const classes = ['btn', `btn-${variant}`, `btn-${size}`, className].filter(Boolean).join(' ');
  return (
    <button type={type ?? 'button'} className={classes} {...rest}>
      {icon !== undefined && <Icon name={icon} />}
      {children !== undefined && <span className="btn-label">{children}</span>}
    </button>
  );
}

interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  icon: IconName;
  /** Accessible name; also the tooltip unless `title` is given. */
  label: string;
  tone?: 'default' | 'danger';
  ref?: Ref<HTMLButtonElement>;
}

export function IconButton(props: IconButtonProps) {
  const { icon, label, tone = 'default', className, title, type, ...rest } = props;
  const classes = ['icon-btn', tone === 'danger' ? 'icon-btn-danger' : '', className]
    .filter(Boolean)
    .join(' ');
  return (
    <button type={type ?? 'button'} className={classes} aria-label={label} title={title ?? label} {...rest}>
      <Icon name={icon} />
    </button>
  );
}
