import { lazy, Suspense } from 'react';
import { Spinner } from '../../../components/ui/spinner';
import { FileLinkContext, type FileLinkFor } from '../lib/file-links';

// The chat (markdown renderer included) is its own chunk: not in the initial bundle.
const ChatPanel = lazy(() => import('./chat-panel'));

const noFileLinks: FileLinkFor = () => null;

/** `fileLinkFor`: where a file shared in the chat opens in the app (given by the route; none: the card is not a link). */
export function LazyChatPanel({ token, fileLinkFor = noFileLinks }: { token: string; fileLinkFor?: FileLinkFor }) {
  return (
    <FileLinkContext value={fileLinkFor}>
      <Suspense fallback={<Spinner />}>
        <ChatPanel token={token} />
      </Suspense>
    </FileLinkContext>
  );
}
