/**
 * A teacher's lesson-wide switches as Talk 22 has them. `attendees/permissions/all` has been a no-op since Talk 20
 * (Talk 22 answers 400), so "everyone" is the conversation's default permissions, which every student without
 * permissions of their own follows; a student allowed to speak has their own permission on top. Talk resets every
 * attendee's own permissions when the default changes, so a switch that must not silence those who may speak grants
 * them their microphone again right after.
 */
import { PERMISSION, isModeratorType } from '../../../api/talk/constants';
import { setAttendeePermissions } from '../../../api/talk/participants';
import { CLASS_ROOM_STUDENT_PERMISSIONS, getRoom, listParticipants, setDefaultPermissions } from '../../../api/talk/rooms';

/** The conversation's default for students now; a room still on Talk's default (0) is in lesson mode's defaults. */
async function studentDefault(token: string): Promise<number> {
  const room = await getRoom({ token });
  return room.defaultPermissions === PERMISSION.default ? CLASS_ROOM_STUDENT_PERMISSIONS : room.defaultPermissions;
}

/** Students who may speak by their own permission (a teacher's "darf sprechen"). */
async function speakers(token: string): Promise<number[]> {
  const list = await listParticipants({ token });
  return list
    .filter((p) => !isModeratorType(p.participantType))
    .filter((p) => (p.attendeePermissions & PERMISSION.custom) !== 0 && (p.attendeePermissions & PERMISSION.publishAudio) !== 0)
    .map((p) => p.attendeeId);
}

/** Everyone who is not a moderator loses the microphone: the default without publish-audio resets their own permissions too. */
export async function muteStudents(token: string): Promise<void> {
  const base = await studentDefault(token);
  await setDefaultPermissions({ token, permissions: (base & ~PERMISSION.publishAudio) | PERMISSION.custom });
}

/** Students' cameras for everyone through the default; students who may speak keep their microphone. */
export async function setStudentCameras(token: string, allowed: boolean): Promise<void> {
  const [base, mayspeak] = await Promise.all([studentDefault(token), speakers(token)]);
  const next = allowed ? base | PERMISSION.publishVideo : base & ~PERMISSION.publishVideo;
  await setDefaultPermissions({ token, permissions: next | PERMISSION.custom });
  for (const attendeeId of mayspeak) {
    await setAttendeePermissions({ token, attendeeId, method: 'add', permissions: PERMISSION.publishAudio });
  }
}
