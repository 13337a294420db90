/** Every Talk (spreed) OCS route of the dev server. */
import type { OcsRoute } from '../router.js';
import { callRoutes } from './call.js';
import { chatRoutes } from './chat.js';
import { breakoutRoutes } from './breakout.js';
import { joinRoutes } from './join.js';
import { roomRoutes } from './rooms.js';

export const talkRoutes: OcsRoute[] = [...joinRoutes, ...roomRoutes, ...chatRoutes, ...callRoutes, ...breakoutRoutes];
export { configureTalk, type SignalingServerOption } from './call.js';
export { addGroupMember, setCircleLookup } from './membership.js';
import './teams-link.js';
import './shares-link.js';
