namespace NewsWatcher.Storage;

/// <summary>
/// A message handed to SMTP but not yet acknowledged. Kept with its exact bytes so a crash before the ack
/// resends the same message with the same Message-ID.
/// </summary>
/// <param name="ItemKeys">The pending entries this message carries; removed on ack.</param>
/// <param name="Message">The complete MIME message as sent.</param>
public sealed record SendingRecord(string DigestId, IReadOnlyList<string> ItemKeys, byte[] Message);
