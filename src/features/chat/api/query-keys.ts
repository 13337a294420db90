/** Query keys of the chat feature. */
export const chatKeys = {
  all: ['chat'] as const,
  conversations: () => [...chatKeys.all, 'conversations'] as const,
  conversation: (token: string) => [...chatKeys.all, 'conversation', token] as const,
  timeline: (token: string) => [...chatKeys.all, 'timeline', token] as const,
  participants: (token: string) => [...chatKeys.all, 'participants', token] as const,
  mentions: (token: string, search: string) => [...chatKeys.all, 'mentions', token, search] as const,
  poll: (token: string, pollId: number) => [...chatKeys.all, 'poll', token, pollId] as const,
  /** Who reacted to one message with what (GET /reaction/{token}/{messageId}). */
  reactions: (token: string, messageId: number) => [...chatKeys.all, 'reactions', token, messageId] as const,
  notifications: () => [...chatKeys.all, 'notifications'] as const,
};
