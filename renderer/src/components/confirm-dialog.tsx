// "Cancel 12 uploads?": destructive actions (server parts deleted) ask first. Focus starts
// on the safe answer, so Enter by habit changes nothing.

import { useI18n } from '../i18n/use-i18n';
import { Button } from './button';
import { Dialog } from './dialog';
import { Icon } from './icons';
import type { ConfirmRequest } from './queue-context';

export function ConfirmDialog(props: { request: ConfirmRequest; onAnswer: (yes: boolean) => void }) {
  const { request, onAnswer } = props;
  const { t } = useI18n();
  return (
    <Dialog
      title={request.title}
      description={request.body}
      role="alertdialog"
      size="sm"
      icon={
        <span className="dialog-icon tone-danger">
          <Icon name="warning" size={22} />
        </span>
      }
      closeLabel={t('common.close')}
      onClose={() => onAnswer(false)}
      footer={
        <>
          <span className="footer-spacer" />
          <Button data-autofocus onClick={() => onAnswer(false)}>
            {t('common.keep')}
          </Button>
          <Button variant="danger" onClick={() => onAnswer(true)}>
            {request.confirmLabel}
          </Button>
        </>
      }
    >
      {null}
    </Dialog>
  );
}
