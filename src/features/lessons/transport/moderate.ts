import { isApiError } from '../../../api/api-error';
import { CallTransportError } from './call-transport';

/** Runs a moderator's request; Talk's (or the gateway's) refusal becomes the transport's not-allowed. */
export async function moderate(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (isApiError(err) && (err.status === 403 || err.status === 401)) throw new CallTransportError('not-allowed', err.message);
    throw err;
  }
}
