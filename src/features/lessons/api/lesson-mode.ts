import { z } from 'zod';
import { ocsRequest } from '../../../api/ocs';

/** custom | join call | publish video | chat: students join the lesson with camera but muted, and cannot start it. */
export const LESSON_STUDENT_PERMISSIONS = 1 | 4 | 32 | 128;

/**
 * Lesson mode: the room's default permissions for everyone who is not a moderator (Talk enforces them, so does the
 * HPB). Not `permissions/call`: that mode is a no-op since Talk 20.
 */
export async function enableLessonMode(token: string): Promise<void> {
  await ocsRequest(`/ocs/v2.php/apps/spreed/api/v4/room/${encodeURIComponent(token)}/permissions/default`, z.unknown(), {
    method: 'PUT',
    json: { permissions: LESSON_STUDENT_PERMISSIONS },
  });
}
