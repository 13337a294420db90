/** A teacher's moderation in an HPB lesson, through Talk's REST API (Talk and the signaling server enforce it). */
import { PERMISSION } from '../../../api/talk/constants';
import { removeAttendee, setAttendeePermissions } from '../../../api/talk/participants';
import { listParticipants } from '../../../api/talk/rooms';
import { CallTransportError } from './call-transport';
import { remoteView, type HpbState } from './hpb-state';
import { muteStudents, setStudentCameras } from './lesson-permissions';
import type { HpbSubscribers } from './hpb-subscribers';
import { moderate } from './moderate';

export class HpbModeration {
  constructor(
    private readonly token: string,
    private readonly state: HpbState,
    private readonly subscribers: HpbSubscribers,
  ) {}

  /** The Talk attendee behind a remote participant (moderation goes through Talk's REST API). */
  private async attendeeOf(participantId: string): Promise<number> {
    const r = this.subscribers.get(participantId);
    if (r === undefined || r.userId === null) throw new CallTransportError('connection-failed', 'unknown participant');
    const list = await listParticipants({ token: this.token });
    const a = list.find((x) => x.actorType === 'users' && x.actorId === r.userId);
    if (a === undefined) throw new CallTransportError('connection-failed', 'participant left the room');
    return a.attendeeId;
  }

  async allowSpeaking(participantId: string, allowed: boolean): Promise<void> {
    const attendeeId = await this.attendeeOf(participantId);
    await moderate(() => setAttendeePermissions({ token: this.token, attendeeId, method: allowed ? 'add' : 'remove', permissions: PERMISSION.publishAudio }));
    const r = this.subscribers.get(participantId);
    if (r !== undefined) {
      r.mayPublishAudio = allowed;
      this.state.events.emit('participantChanged', remoteView(r));
    }
  }

  async muteAll(): Promise<void> {
    await moderate(() => muteStudents(this.token));
    for (const r of this.subscribers.all()) {
      if (!r.mayPublishAudio) continue;
      r.mayPublishAudio = false;
      this.state.events.emit('participantChanged', remoteView(r));
    }
  }

  async removeParticipant(participantId: string): Promise<void> {
    const attendeeId = await this.attendeeOf(participantId);
    await moderate(() => removeAttendee({ token: this.token, attendeeId }));
  }

  async setStudentCameras(allowed: boolean): Promise<void> {
    await moderate(() => setStudentCameras(this.token, allowed));
  }
}
