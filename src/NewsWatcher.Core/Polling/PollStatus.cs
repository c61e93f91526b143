namespace NewsWatcher.Core.Polling;

/// <summary>How polling one feed once ended. Its label (<see cref="PollStatusLabels.ToLabel"/>) is the metric's <c>outcome</c> and the <c>once</c> output.</summary>
public enum PollStatus
{
    /// <summary>Fetched, parsed and recorded.</summary>
    Ok,

    /// <summary>The server answered 304: nothing changed.</summary>
    NotModified,

    /// <summary>Not due yet (backoff, Retry-After, max-age): no request was made.</summary>
    Deferred,

    /// <summary>The server answered 410 Gone: the feed is switched off until its url changes.</summary>
    Gone,

    /// <summary>Switched off earlier by a 410 Gone.</summary>
    Disabled,

    FetchError,

    ParseError,

    StoreError,

    /// <summary>The dedup write was sent but not confirmed: it may have been applied.</summary>
    StoreUnconfirmed,

    /// <summary>A bug or crash, contained to this feed.</summary>
    Error,
}
