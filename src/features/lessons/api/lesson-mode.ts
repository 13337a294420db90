import { CLASS_ROOM_STUDENT_PERMISSIONS, setDefaultPermissions } from '../../../api/talk/rooms';

/**
 * Lesson mode: the room's default permissions for everyone who is not a moderator, the class room's student
 * permissions (join the lesson with camera but muted, chat, never start it). Talk enforces them, so does the HPB.
 * Not `permissions/call`: that mode is a no-op since Talk 20.
 */
export async function enableLessonMode(token: string): Promise<void> {
  await setDefaultPermissions({ token, permissions: CLASS_ROOM_STUDENT_PERMISSIONS });
}
