/**
 * A teacher's moderation in a LiveKit lesson. Lesson mode stays in Talk: Talk's permissions change first (directly
 * or through the gateway), then the gateway brings the SFU's grants in line; the SFU then reports the new
 * permissions to everyone (ParticipantPermissionsChanged).
 */
import { removeLiveKitParticipant, setLiveKitSpeaking, syncLiveKitGrants } from '../../../api/livekit/livekit';
import { listParticipants, type TalkParticipant } from '../../../api/talk/rooms';
import { CallTransportError } from './call-transport';
import { muteStudents, setStudentCameras } from './lesson-permissions';
import type { LiveKitParticipantLike } from './livekit-room';
import { moderate } from './moderate';

export interface LiveKitModerationOptions {
  /** The class's Talk conversation token. */
  token: string;
  /** Lets a student speak or not: the gateway changes Talk's permission, then LiveKit's grant (replaceable in tests). */
  setSpeaking?: ((attendeeId: number, speak: boolean) => Promise<void>) | undefined;
  /** A teacher's join: the gateway sets everyone's LiveKit grant to Talk's permissions (replaceable in tests). */
  syncGrants?: (() => Promise<void>) | undefined;
  /** Removes a participant from the class and the lesson through the gateway (replaceable in tests). */
  removeParticipant?: ((attendeeId: number) => Promise<void>) | undefined;
}

/** The Talk attendee of a LiveKit identity (the Nextcloud user id) in a participant list. */
function attendeeIn(list: readonly TalkParticipant[], identity: string): TalkParticipant | undefined {
  return list.find((x) => x.actorType === 'users' && x.actorId === identity);
}

export class LiveKitModeration {
  constructor(private readonly opts: LiveKitModerationOptions) {}

  /** Everyone's LiveKit grant follows Talk's permissions (lesson mode changed Talk's defaults). */
  syncGrants(): Promise<void> {
    return (this.opts.syncGrants ?? (() => syncLiveKitGrants({ talkToken: this.opts.token })))();
  }

  /** Talk's permission changes first (through the gateway), then LiveKit's grant; the SFU then reports the new permissions. */
  async allowSpeaking(participantId: string, allowed: boolean): Promise<void> {
    const attendeeId = await this.attendeeOf(participantId);
    await moderate(() => this.speak(attendeeId, allowed));
  }

  /** Talk's default for everyone, then the LiveKit grant of each connected student who may speak (teachers keep theirs). */
  async muteAll(speakers: readonly LiveKitParticipantLike[]): Promise<void> {
    await moderate(() => muteStudents(this.opts.token));
    if (speakers.length === 0) return;
    const list = await listParticipants({ token: this.opts.token });
    for (const p of speakers) {
      const a = attendeeIn(list, p.identity);
      if (a !== undefined) await moderate(() => this.speak(a.attendeeId, false));
    }
  }

  /** Talk's publish-video permission of every attendee, then the SFU's grants follow Talk (through the gateway). */
  async setStudentCameras(allowed: boolean): Promise<void> {
    await moderate(() => setStudentCameras(this.opts.token, allowed));
    await moderate(() => this.syncGrants());
  }

  /** Through the gateway: out of the class's Talk conversation (no new token), then out of the LiveKit room. */
  async removeParticipant(participantId: string): Promise<void> {
    const attendeeId = await this.attendeeOf(participantId);
    const remove = this.opts.removeParticipant ?? ((id: number) => removeLiveKitParticipant({ talkToken: this.opts.token, attendeeId: id }));
    await moderate(() => remove(attendeeId));
  }

  /** The Talk attendee behind a participant (the LiveKit identity is the Nextcloud user id). */
  private async attendeeOf(participantId: string): Promise<number> {
    const a = attendeeIn(await listParticipants({ token: this.opts.token }), participantId);
    if (a === undefined) throw new CallTransportError('connection-failed', 'participant left the room');
    return a.attendeeId;
  }

  private speak(attendeeId: number, speak: boolean): Promise<void> {
    if (this.opts.setSpeaking !== undefined) return this.opts.setSpeaking(attendeeId, speak);
    return setLiveKitSpeaking({ talkToken: this.opts.token, attendeeId, speak }).then(() => undefined);
  }
}
