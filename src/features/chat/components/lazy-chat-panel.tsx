import { lazy, Suspense } from 'react';
import { Spinner } from '../../../components/ui/spinner';

// The chat (markdown renderer included) is its own chunk: not in the initial bundle.
const ChatPanel = lazy(() => import('./chat-panel'));

export function LazyChatPanel({ token }: { token: string }) {
  return (
    <Suspense fallback={<Spinner />}>
      <ChatPanel token={token} />
    </Suspense>
  );
}
