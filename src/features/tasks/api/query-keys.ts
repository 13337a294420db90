/** Query keys of the tasks feature (assignments on class boards, submissions, feedback). */
export const tasksKeys = {
  all: ['tasks'] as const,
  boardAssignments: (boardId: number) => [...tasksKeys.all, 'board', boardId] as const,
  overview: (cardId: number) => [...tasksKeys.all, 'overview', cardId] as const,
  receivedShares: (userId: string) => [...tasksKeys.all, 'received-shares', userId] as const,
  folder: (userId: string, path: string) => [...tasksKeys.all, 'folder', userId, path] as const,
  feedback: (userId: string, path: string) => [...tasksKeys.all, 'feedback', userId, path] as const,
};
