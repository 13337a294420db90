import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { chatComment } from '../../../testing/chat-message';
import { followUps, seesVotes, withReactions } from './system-messages';
import { emptyTimeline, isShown, mergeMessages, withMessageReactions } from './timeline';

// Shapes of Talk 22's long-poll answers (recording talk-live.json in ../shared/nextcloud-api, exchanges (c)–(f)).
const announcement = chatComment({ id: 301, token: 'pbtyyrh7', message: '📢 Live-Stunde: Willkommen 7a!', reactions: { '✅': 1 }, reactionsSelf: [] });
const studentMessage = chatComment({ id: 302, token: 'pbtyyrh7', actorId: 's7a1', actorDisplayName: 'Lena Albers', message: 'Live: Ich bin da!' });

function system(id: number, systemMessage: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return chatComment({ id, token: 'pbtyyrh7', actorId: 's7a1', actorDisplayName: 'Lena Albers', messageType: 'system', systemMessage, isReplyable: false, markdown: false, ...extra });
}

const pollVoted = system(308, 'poll_voted', {
  actorType: 'guests',
  actorId: 'system',
  actorDisplayName: '',
  message: 'Jemand hat in der Umfrage {poll} abgestimmt',
  messageParameters: { poll: { type: 'talk-poll', id: '2', name: 'Live-Umfrage: Wie geht es euch?' } },
});
const revoked = [
  system(303, 'reaction_deleted', { message: 'Reaktion vom Autor gelöscht', parent: { ...announcement, reactions: {} } }),
  system(304, 'reaction_revoked', { message: '{actor} hat eine Reaktion gelöscht', parent: { ...announcement, reactions: {} } }),
];

describe('followUps: what update-only system messages ask to fetch again', () => {
  it('poll_voted and poll_closed name the poll (no parent); the poll is fetched again', () => {
    const closed = system(320, 'poll_closed', { messageParameters: { poll: { type: 'talk-poll', id: '7', name: 'Frage' } } });
    expect(followUps([pollVoted, closed])).toEqual({ polls: [2, 7], closedPolls: [7], reactions: [] });
  });

  it('a withdrawn reaction (reaction_deleted + reaction_revoked) fetches who reacted to the parent, once', () => {
    expect(followUps(revoked)).toEqual({ polls: [], closedPolls: [], reactions: [301] });
  });

  it('comments, edits and deletions ask for nothing beyond the timeline merge', () => {
    const edited = system(305, 'message_edited', { parent: { ...studentMessage, message: 'Live: Ich bin da! (bearbeitet)', lastEditTimestamp: 1_796_161_764 } });
    const sharedPoll = chatComment({ id: 307, message: '{object}', messageParameters: { object: { type: 'talk-poll', id: '2', name: 'Frage' } } });
    expect(followUps([studentMessage, edited, sharedPoll])).toEqual({ polls: [], closedPolls: [], reactions: [] });
  });
});

describe('seesVotes: whose card another user\'s vote changes (Talk\'s PollController::renderPoll)', () => {
  // Poll 2 of the recording, created by schmidt, as Talk answers it (exchange (f)).
  const poll = { id: 2, question: 'Live-Umfrage: Wie geht es euch?', options: ['gut', 'mittel', 'schlecht'], actorType: 'users', actorId: 'schmidt', actorDisplayName: 'Frau Schmidt', status: 0, resultMode: 0, maxVotes: 1, votes: {}, numVoters: 0, votedSelf: [] };

  it('its author and moderators (the number of voters) and whoever voted (the results)', () => {
    expect(seesVotes(poll, 'schmidt', false)).toBe(true);
    expect(seesVotes(poll, 'herr-meier', true)).toBe(true);
    expect(seesVotes({ ...poll, votedSelf: [0] }, 's7a1', false)).toBe(true);
  });

  it('not a student who has not voted: Talk shows them no counts before the poll closes', () => {
    expect(seesVotes(poll, 's7a2', false)).toBe(false);
  });
});

describe('the timeline and update-only system messages', () => {
  it('an edit shows in the message and in a reply quoting it; the system message itself is not shown', () => {
    const reply = chatComment({ id: 303, message: 'Schön!', parent: studentMessage });
    let t = mergeMessages(emptyTimeline, [studentMessage, reply]);
    const edited = { ...studentMessage, message: 'Live: Ich bin da! (bearbeitet)', lastEditTimestamp: 1_796_161_764 };
    t = mergeMessages(t, [system(305, 'message_edited', { parent: edited })]);
    expect(t.messages.filter(isShown).map((m) => m.message)).toEqual(['Live: Ich bin da! (bearbeitet)', 'Schön!']);
    const quoted = t.messages.find((m) => m.id === 303)?.parent;
    expect(quoted && 'message' in quoted ? quoted.message : null).toBe('Live: Ich bin da! (bearbeitet)');
    expect(t.newestId).toBe(305);
  });

  it('a deletion replaces the message by Talk\'s tombstone, in quotes too', () => {
    const reply = chatComment({ id: 303, message: 'Schön!', parent: studentMessage });
    let t = mergeMessages(emptyTimeline, [studentMessage, reply]);
    const tombstone = { ...studentMessage, message: 'Nachricht vom Autor gelöscht', messageType: 'comment_deleted', isReplyable: false };
    t = mergeMessages(t, [system(306, 'message_deleted', { parent: tombstone })]);
    expect(t.messages.find((m) => m.id === 302)?.messageType).toBe('comment_deleted');
    const quoted = t.messages.find((m) => m.id === 303)?.parent;
    expect(quoted && 'messageType' in quoted ? quoted.messageType : null).toBe('comment_deleted');
  });

  it('a read state that did not change keeps the same timeline (the leader\'s refresh every few seconds re-renders nothing)', () => {
    const t = mergeMessages(emptyTimeline, [studentMessage], { lastCommonRead: 299 });
    expect(mergeMessages(t, [], { lastCommonRead: 299 })).toBe(t);
    expect(mergeMessages(t, [], { lastCommonRead: 302 }).lastCommonRead).toBe(302);
  });

  it('a withdrawn reaction takes the parent\'s new counts and drops an own reaction nobody has any more', () => {
    let t = mergeMessages(emptyTimeline, [{ ...announcement, reactions: { '✅': 1, '🎉': 1 }, reactionsSelf: ['🎉'] }]);
    t = mergeMessages(t, [system(303, 'reaction_deleted', { parent: { ...announcement, reactions: { '✅': 1 } } })]);
    expect(t.messages[0]?.reactions).toEqual({ '✅': 1 });
    expect(t.messages[0]?.reactionsSelf).toEqual([]);
  });

  it('Talk\'s reaction answer sets counts and own reactions; an unchanged answer keeps the same timeline', () => {
    const t = mergeMessages(emptyTimeline, [{ ...announcement, reactions: {}, reactionsSelf: [] }]);
    const answer = { '✅': [{ actorType: 'users', actorId: 's7a1', actorDisplayName: 'Lena Albers', timestamp: 1_796_161_754 }] };
    const mine = withMessageReactions(t, 301, answer, 's7a1');
    expect(mine.messages[0]).toMatchObject({ reactions: { '✅': 1 }, reactionsSelf: ['✅'] });
    expect(withMessageReactions(mine, 301, answer, 's7a1')).toBe(mine);
    expect(withReactions(announcement, answer, 'schmidt')).toMatchObject({ reactions: { '✅': 1 }, reactionsSelf: [] });
    expect(withMessageReactions(t, 999, answer, 's7a1')).toBe(t);
  });
});
