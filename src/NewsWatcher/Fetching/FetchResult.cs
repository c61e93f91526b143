using NewsWatcher.Storage;

namespace NewsWatcher.Fetching;

/// <summary>What one fetch produced. <see cref="Validators"/> are saved only after the poll succeeded end to end.</summary>
public sealed record FetchResult(FetchStatus Status, byte[]? Content, Uri? BaseUri, FeedValidators? Validators, string? Error)
{
    public static FetchResult NotModified { get; } = new(FetchStatus.NotModified, null, null, null, null);

    public static FetchResult Failed(string error) => new(FetchStatus.Failed, null, null, null, error);
}
