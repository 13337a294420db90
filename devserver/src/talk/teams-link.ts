/** Connects Talk to Teams (circles): team attendees resolve to the team's users; rooms show up as team resources. */
import { teamResourceProviders, type TeamResource } from '../teams/resources.js';
import { teamUsers } from '../teams/members.js';
import { setCircleLookup } from './membership.js';
import { talkData } from './core.js';

const TALK_ICON =
  '<svg width="16" height="16" version="1.1" viewBox="0 0 16 16" xmlns="http://www.w3.org/2000/svg"><path d="m7.9992 0.999a6.9993 6.9994 0 0 0-6.9992 6.9996 6.9993 6.9994 0 0 0 6.9992 6.9994 6.9993 6.9994 0 0 0 3.6308-1.024c0.86024 0.34184 2.7871 1.356 3.2457 0.91794 0.47922-0.45765-0.56261-2.6116-0.81238-3.412a6.9993 6.9994 0 0 0 0.935-3.4814 6.9993 6.9994 0 0 0-6.9991-6.9993zm8e-4 2.6611a4.34 4.3401 0 0 1 4.34 4.3401 4.34 4.3401 0 0 1-4.34 4.3398 4.34 4.3401 0 0 1-4.34-4.3398 4.34 4.3401 0 0 1 4.34-4.3401z" stroke-width=".14"/></svg>';

setCircleLookup((app, circleId) => {
  const team = app.store.data.teams.find((t) => t.id === circleId);
  return team === undefined ? null : { displayName: team.name, members: teamUsers(team) };
});

teamResourceProviders.push((app, team): TeamResource[] =>
  talkData(app)
    .rooms.filter((r) => r.attendees.some((a) => a.actorType === 'circles' && a.actorId === team.id))
    .map((r) => ({
      id: r.token,
      label: r.name,
      url: `${app.publicUrl}/call/${r.token}`,
      iconSvg: null,
      iconURL: `${app.publicUrl}/ocs/v2.php/apps/spreed/api/v1/room/${r.token}/avatar?v=${r.avatarVersion}`,
      iconEmoji: null,
      provider: { id: 'talk', name: 'Talk conversations', icon: TALK_ICON },
    })),
);
