namespace NewsWatcher.Core.Subscribers;

/// <summary>What a subscriber is alerted to (subscribers.yaml <c>alerts:</c>).</summary>
public enum AlertMode
{
    /// <summary>One alert per new development of a truce thread; further reports of a known one send none.</summary>
    Developments,

    /// <summary>One alert per article (story cluster), as before threads existed.</summary>
    Articles,
}
