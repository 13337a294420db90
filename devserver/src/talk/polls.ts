/** Talk's polls API (/api/v1/poll/{token}): create, vote, close, drafts. */
import type { Ctx } from '../context.js';
import { str } from '../http.js';
import { OcsError } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { intParam, isModerator, talkData } from './core.js';
import { postSystem, userActor } from './messages.js';
import type { TalkPoll, TalkRoom } from './types.js';
import { V1, chatRoute, canChat, postObjectMessage } from './chat-access.js';

function renderPoll(poll: TalkPoll, uid: string, moderator: boolean): Record<string, unknown> {
  const mine = poll.votes.filter((v) => v.actorType === 'users' && v.actorId === uid).map((v) => v.optionId);
  const voters = new Set(poll.votes.map((v) => `${v.actorType}/${v.actorId}`));
  const showResults = poll.status === 1 || (mine.length > 0 && poll.resultMode === 0);
  const out: Record<string, unknown> = {
    id: poll.id,
    question: poll.question,
    options: poll.options,
    actorType: poll.actorType,
    actorId: poll.actorId,
    actorDisplayName: poll.actorDisplayName,
    status: poll.status,
    resultMode: poll.resultMode,
    maxVotes: poll.maxVotes,
    votes: {},
    numVoters: 0,
    votedSelf: mine,
  };
  if (showResults || (moderator && poll.status === 1)) {
    const votes: Record<string, number> = {};
    for (const v of poll.votes) votes[`option-${String(v.optionId)}`] = (votes[`option-${String(v.optionId)}`] ?? 0) + 1;
    out['votes'] = votes;
    out['numVoters'] = voters.size;
  }
  if (poll.status === 1 && poll.resultMode === 0) out['details'] = poll.votes.map((v) => ({ ...v }));
  if (Object.keys(out['votes'] as Record<string, number>).length === 0) out['votes'] = [];
  return out;
}

function findPoll(ctx: Ctx, room: TalkRoom, id: string | undefined): TalkPoll {
  const n = Number.parseInt(id ?? '', 10);
  const poll = talkData(ctx.app).polls.find((x) => x.token === room.token && x.id === n);
  if (poll === undefined) throw new OcsError(404, '', { error: 'poll' });
  return poll;
}

export const pollRoutes: OcsRoute[] = [
  {
    method: 'POST',
    path: `${V1}/poll/{token}`,
    handler: chatRoute((ctx, room, a, uid) => {
      const question = (str(ctx.params, 'question') ?? '').trim();
      const raw = ctx.params['options'];
      const options = (Array.isArray(raw) ? raw : []).map((o) => (typeof o === 'string' ? o.trim() : String(o))).filter((o) => o !== '');
      const resultMode = intParam(ctx.params, 'resultMode') ?? 0;
      const maxVotes = intParam(ctx.params, 'maxVotes') ?? 0;
      if (question === '' || question.length > 32000) throw new OcsError(400, '', { error: 'question' });
      if (options.length < 2) throw new OcsError(400, '', { error: 'options' });
      if ((resultMode !== 0 && resultMode !== 1) || maxVotes < 0) throw new OcsError(400, '', { error: 'poll' });
      if (room.type === 1 || room.type === 6) throw new OcsError(400, '', { error: 'room' });
      if (!canChat(room, a)) throw new OcsError(403);
      const actor = userActor(uid);
      const poll: TalkPoll = {
        id: ctx.app.store.nextId(),
        token: room.token,
        question,
        options,
        actorType: 'users',
        actorId: uid,
        actorDisplayName: actor.displayName,
        status: 0,
        resultMode,
        maxVotes,
        votes: [],
        messageId: 0,
      };
      talkData(ctx.app).polls.push(poll);
      const msg = postObjectMessage(ctx, room, uid, 'object', { type: 'talk-poll', id: String(poll.id), name: question });
      poll.messageId = msg.id;
      return { data: renderPoll(poll, uid, isModerator(a)), status: 201 };
    }),
  },
  {
    method: 'GET',
    path: `${V1}/poll/{token}/{pollId}`,
    handler: chatRoute((ctx, room, a, uid, p) => ({ data: renderPoll(findPoll(ctx, room, p['pollId']), uid, isModerator(a)) })),
  },
  {
    method: 'POST',
    path: `${V1}/poll/{token}/{pollId}`,
    handler: chatRoute((ctx, room, a, uid, p) => {
      const poll = findPoll(ctx, room, p['pollId']);
      if (poll.status !== 0) throw new OcsError(400, '', { error: 'poll' });
      const raw = ctx.params['optionIds'];
      const ids = (Array.isArray(raw) ? raw : []).map((x) => Number(x));
      if (ids.some((i) => !Number.isInteger(i) || i < 0 || i >= poll.options.length) || new Set(ids).size !== ids.length) {
        throw new OcsError(400, '', { error: 'options' });
      }
      if (poll.maxVotes > 0 && ids.length > poll.maxVotes) throw new OcsError(400, '', { error: 'options' });
      const actor = userActor(uid);
      poll.votes = poll.votes.filter((v) => !(v.actorType === 'users' && v.actorId === uid));
      for (const optionId of ids) poll.votes.push({ actorType: 'users', actorId: uid, actorDisplayName: actor.displayName, optionId });
      if (poll.resultMode === 0) {
        // Posted by the system, not the voter (votes stay anonymous in the chat), with the poll as its only parameter.
        postSystem(ctx.app, room, null, 'poll_voted', { poll: { type: 'talk-poll', id: String(poll.id), name: poll.question } });
      }
      ctx.app.store.changed();
      return { data: renderPoll(poll, uid, isModerator(a)) };
    }),
  },
  {
    method: 'DELETE',
    path: `${V1}/poll/{token}/{pollId}`,
    handler: chatRoute((ctx, room, a, uid, p) => {
      const poll = findPoll(ctx, room, p['pollId']);
      if (!(poll.actorType === 'users' && poll.actorId === uid) && !isModerator(a)) throw new OcsError(403, '', { error: 'poll' });
      if (poll.status === 1) throw new OcsError(400, '', { error: 'poll' });
      poll.status = 1;
      postSystem(ctx.app, room, userActor(uid), 'poll_closed', { poll: { type: 'talk-poll', id: String(poll.id), name: poll.question } });
      return { data: renderPoll(poll, uid, isModerator(a)) };
    }),
  },
];
