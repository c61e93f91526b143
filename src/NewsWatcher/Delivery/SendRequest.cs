using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Delivery;

/// <summary>One outbox to send from: a subscriber's alerts or digest.</summary>
/// <param name="ResumeOnly">Only finish a message already recorded as sending (a retry); compose nothing new.</param>
/// <param name="Continuation">A further part of a split send: compose only from what is still pending, never an empty digest.</param>
internal sealed record SendRequest(Route Route, OutboxKind Outbox, bool ResumeOnly = false, bool Continuation = false);
