/** Open questions by votes (or newest), the one being asked first, answered and dismissed ones apart. */
export function orderQuestions<T extends { seq: number; voteCount: number; status: string | null; hidden?: boolean }>(questions: T[], sort: "votes" | "newest") {
  const queue = questions.filter((q) => q.status === "open").sort((a, b) => (sort === "votes" ? b.voteCount - a.voteCount || a.seq - b.seq : b.seq - a.seq));
  return {
    asking: questions.filter((q) => q.status === "asking"),
    queue,
    answered: questions.filter((q) => q.status === "answered").reverse(),
    dismissed: questions.filter((q) => q.status === "dismissed").reverse(),
  };
}
