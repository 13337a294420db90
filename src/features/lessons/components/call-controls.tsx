import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { CallTransportError, type CallTransport } from '../transport/call-transport';

interface ControlProps {
  transport: CallTransport;
  /** Shows a message above the call (null: clears it before the next action). */
  setError: (message: string | null) => void;
  /** Shows the message for a refused or failed action. */
  fail: (err: unknown) => void;
}

/** Microphone, camera and, when the transport can and the server allows it, the own screen. */
function MediaButtons({ transport, setError, fail }: ControlProps) {
  const t = useT();
  const local = transport.local;
  const mayShare = transport.setScreenShare !== undefined && (local.mayPublishScreen || local.screenSharing);
  const failWith = (keys: { notAllowed: 'lessons.errors.cameraNotAllowed' | 'lessons.screen.notAllowed'; mediaDenied: 'lessons.errors.mediaDenied' | 'lessons.screen.cancelled' }) => (err: unknown) => {
    const code = err instanceof CallTransportError ? err.code : null;
    setError(t(code === 'not-allowed' ? keys.notAllowed : code === 'media-denied' ? keys.mediaDenied : 'lessons.errors.generic'));
  };
  return (
    <>
      <Button
        variant="secondary"
        aria-pressed={local.audioOn}
        onClick={() => {
          setError(null);
          transport.setAudio(!local.audioOn).catch(fail);
        }}
      >
        {local.audioOn ? t('lessons.call.mute') : t('lessons.call.unmute')}
      </Button>
      <Button
        variant="secondary"
        aria-pressed={local.videoOn}
        onClick={() => {
          setError(null);
          transport.setVideo(!local.videoOn).catch(failWith({ notAllowed: 'lessons.errors.cameraNotAllowed', mediaDenied: 'lessons.errors.mediaDenied' }));
        }}
      >
        {local.videoOn ? t('lessons.call.cameraOff') : t('lessons.call.cameraOn')}
      </Button>
      {mayShare ? (
        <Button
          variant="secondary"
          aria-pressed={local.screenSharing}
          onClick={() => {
            setError(null);
            transport.setScreenShare?.(!local.screenSharing).catch(failWith({ notAllowed: 'lessons.screen.notAllowed', mediaDenied: 'lessons.screen.cancelled' }));
          }}
        >
          {local.screenSharing ? t('lessons.screen.stop') : t('lessons.screen.start')}
        </Button>
      ) : null}
    </>
  );
}

/** Teachers: everyone's microphone off, and the students' cameras off for all (and on again). */
function TeacherButtons({ transport, setError, fail, studentCameras, setStudentCameras }: ControlProps & { studentCameras: boolean; setStudentCameras: (on: boolean) => void }) {
  const t = useT();
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          setError(null);
          transport.muteAll().catch(fail);
        }}
      >
        {t('lessons.moderation.muteAll')}
      </Button>
      {transport.setStudentCameras !== undefined ? (
        <Button
          variant="secondary"
          aria-pressed={!studentCameras}
          onClick={() => {
            setError(null);
            const next = !studentCameras;
            transport
              .setStudentCameras?.(next)
              .then(() => {
                setStudentCameras(next);
              })
              .catch(fail);
          }}
        >
          {t('lessons.moderation.studentCamerasOff')}
        </Button>
      ) : null}
    </>
  );
}

/** The call's toolbar: own media, the teacher's moderation or the student's hand, the chat on narrow screens, leave. */
export function CallControls({
  teacher,
  chat,
  onLeave,
  ...control
}: ControlProps & {
  teacher: boolean;
  /** The chat beside the call as a panel to open (narrow screens), or null. */
  chat: { id: string; open: boolean; toggle: () => void } | null;
  onLeave: () => void;
}) {
  const t = useT();
  const { transport, setError, fail } = control;
  const local = transport.local;
  // Students' cameras allowed (lesson mode starts with them on); the teacher's switch turns them off for all.
  const [studentCameras, setStudentCameras] = useState(true);
  return (
    <div className="flex flex-wrap gap-2" role="toolbar" aria-label={t('lessons.call.controls')}>
      <MediaButtons {...control} />
      {teacher ? (
        <TeacherButtons {...control} studentCameras={studentCameras} setStudentCameras={setStudentCameras} />
      ) : (
        <Button
          variant="secondary"
          aria-pressed={local.handRaised}
          onClick={() => {
            setError(null);
            transport.raiseHand(!local.handRaised).catch(fail);
          }}
        >
          {local.handRaised ? t('lessons.hands.lower') : t('lessons.hands.raise')}
        </Button>
      )}
      {chat !== null ? (
        <Button variant="secondary" aria-expanded={chat.open} aria-controls={chat.id} onClick={chat.toggle}>
          {chat.open ? t('lessons.call.hideChat') : t('lessons.call.showChat')}
        </Button>
      ) : null}
      <Button onClick={onLeave}>{t('lessons.call.leave')}</Button>
    </div>
  );
}
