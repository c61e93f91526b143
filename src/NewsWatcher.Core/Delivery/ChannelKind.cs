using NewsWatcher.Core.Configuration;

namespace NewsWatcher.Core.Delivery;

/// <summary>
/// One kind of channel (webhook, Slack, ...) in one place: its name, the keys a subscribers.yaml entry of it takes and
/// their checks, its payloads, and the form its secret must have. <see cref="ChannelKinds"/> lists the kinds; the host
/// pairs each with a transport that knows how to POST it.
/// </summary>
public abstract class ChannelKind
{
    private protected ChannelKind(string name)
    {
        Name = name;
    }

    /// <summary>The lower-case name: the <c>type:</c> in subscribers.yaml, and the channel in metrics, logs, pages and files.</summary>
    public string Name { get; }

    /// <summary>The keys an entry of this kind takes besides type, id, digest and immediate, in the order messages list them.</summary>
    public abstract IReadOnlyList<string> Keys { get; }

    /// <summary>The request bodies for one digest or alert, in order (most kinds need one).</summary>
    public abstract IReadOnlyList<string> Render(ChannelSettings channel, Digest digest, IReadOnlyDictionary<string, string> feedNames, string? unsubscribeUrl);

    /// <summary>For <c>check</c>: what is wrong with the secret's value (never quoting it), or null when it has the right form.</summary>
    public virtual string? SecretProblem(string value, SecretSource source) => null;

    /// <summary>For <c>check</c>: what names the destination besides the URL (" chat -100…"), or empty.</summary>
    public virtual string Detail(ChannelSettings channel) => "";

    public override string ToString() => Name;

    /// <summary>Reads this kind's keys into <paramref name="channel"/>; problems go to the reader with their line.</summary>
    internal abstract ChannelSettings Read(ChannelFields fields, ChannelSettings channel);
}
