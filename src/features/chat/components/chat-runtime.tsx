import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { mergeIntoTimeline } from '../api/get-timeline';
import { followUpSystemMessages, setPoll, setReactions } from '../api/live-updates';
import { shareQueriesAcrossTabs } from '../../../lib/cross-tab-queries';
import { chatKeys } from '../api/query-keys';
import { ChatHub } from '../lib/chat-hub';
import { notifyChatHub, setChatHub } from '../lib/use-chat-hub';

/**
 * Starts this tab's chat hub for the signed-in user (renders nothing), and the cross-tab sharing of the
 * other timed queries (class members, submission overview). Mounted once in the signed-in layout.
 */
export function ChatRuntime({ userId, pollIntervalSeconds }: { userId: string; pollIntervalSeconds?: number | undefined }) {
  const queryClient = useQueryClient();
  // Taken when the hub starts (the session is loaded before this mounts): the session changing at sign-out is
  // no reason to restart the hub, which would elect a leader again for a user who has just signed out.
  const pollInterval = useRef(pollIntervalSeconds);
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const hub = new ChatHub(userId, {
      messages: (token, messages, lastCommonRead) => {
        mergeIntoTimeline(queryClient, token, messages, lastCommonRead);
        followUpSystemMessages(queryClient, token, messages, userId);
      },
      status: notifyChatHub,
      outboxChanged: notifyChatHub,
      notifications: (list) => {
        queryClient.setQueryData(chatKeys.notifications(), list);
      },
      // The leader refreshes the list for every tab (and at once when notifications change).
      conversations: (list) => {
        queryClient.setQueryData(chatKeys.conversations(), list);
      },
      // What a visible tab shows and the long-poll does not announce, refreshed by the leader (live-refresh.ts).
      reactions: (token, messageId, reactions) => {
        setReactions(queryClient, token, messageId, reactions, userId);
      },
      poll: (token, poll) => {
        setPoll(queryClient, token, poll);
      },
    }, { pollIntervalSeconds: pollInterval.current });
    hub.start();
    setChatHub(hub);
    const stopSharing = shareQueriesAcrossTabs(queryClient, userId);
    return () => {
      stopSharing();
      hub.stop();
      setChatHub(null);
    };
  }, [userId, queryClient]);
  return null;
}
