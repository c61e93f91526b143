using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Delivery;

/// <summary>The result of one send attempt for one subscriber and channel.</summary>
/// <param name="Items">Items in the message(s): for <c>sent</c>, all items the server accepted across the parts.</param>
/// <param name="Messages">Messages the server accepted (more than one when the items were split for size).</param>
/// <param name="Dropped">Items given up for good (too large alone, refused alone, or refused with their recipient).</param>
internal sealed record SendOutcome(string SubscriberId, SendStatus Kind, string? DigestId = null, int Items = 0, string? Error = null, int Messages = 0, int Dropped = 0)
{
    /// <summary>The label of <see cref="Kind"/>, as output shows it (sent, nothing, deferred …).</summary>
    public string Status => Kind.ToLabel();

    public bool Sent => Kind == SendStatus.Sent;

    /// <summary>Folds the outcome of a further part into what the earlier parts did.</summary>
    /// <remarks>
    /// A part that found nothing more keeps the earlier status; items given up after others were accepted leave the
    /// status <c>sent</c> (<see cref="Dropped"/> counts them); any other status is the latest news. Counts add up.
    /// </remarks>
    public static SendOutcome Combine(SendOutcome? earlier, SendOutcome next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (earlier is null)
        {
            return next;
        }

        var messages = earlier.Messages + next.Messages;
        var sentItems = (earlier.Messages > 0 ? earlier.SentItems : 0) + (next.Messages > 0 ? next.SentItems : 0);
        var latest = next.Kind == SendStatus.Nothing ? earlier : next;
        var status = latest.Kind is SendStatus.Failed or SendStatus.Split && messages > 0 ? SendStatus.Sent : latest.Kind;
        return latest with
        {
            Kind = status,
            Items = status == SendStatus.Sent ? sentItems : latest.Items,
            SentItems = sentItems,
            Messages = messages,
            Dropped = earlier.Dropped + next.Dropped,
            Error = next.Error ?? earlier.Error,
        };
    }

    /// <summary>Items in the accepted messages so far (equals <see cref="Items"/> for a single accepted message).</summary>
    private int SentItems { get => _sentItems ?? (Messages > 0 ? Items : 0); init => _sentItems = value; }

    private readonly int? _sentItems;
}
