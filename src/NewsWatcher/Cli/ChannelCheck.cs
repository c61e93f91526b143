using System.Net;
using System.Net.Sockets;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Delivery.Channels;
using NewsWatcher.Fetching;

namespace NewsWatcher.Cli;

/// <summary>
/// The <c>check</c> command's report on subscribers' channels: each one with where its secret comes from (never the
/// secret), and a file:line error for a secret that cannot be read or has the wrong form, or for a target the
/// private-network rule will refuse at run time.
/// </summary>
internal static class ChannelCheck
{
    /// <summary>How long <c>check</c> waits for DNS per host; a name it cannot resolve is not judged.</summary>
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <returns>The errors found; check fails when there are any.</returns>
    public static IReadOnlyList<ConfigError> Print(EditorConfig config, string configDirectory, TextWriter output)
    {
        var errors = new List<ConfigError>();
        var file = EditorConfigLoader.DisplayPath(configDirectory, EditorConfigLoader.SubscribersFileName);
        foreach (var subscriber in config.Subscribers)
        {
            foreach (var channel in subscriber.Channels)
            {
                var target = channel.Url is { } url ? $" {url.GetLeftPart(UriPartial.Path)}" : "";
                var secret = channel.Secret is null ? "" : $", secret from {channel.Secret} (****)";
                output.WriteLine($"  channel {subscriber.Email}/{channel.Id}: {channel.TypeName}{target}{channel.Kind.Detail(channel)}{secret}");
                if (ChannelSecrets.Problem(channel) is { } problem)
                {
                    errors.Add(new ConfigError(file, channel.Line, 0, $"subscriber '{subscriber.Email}' channel '{channel.Id}': {problem}"));
                }
            }
        }

        return errors;
    }

    /// <summary>
    /// File:line errors for channels whose target the private-network rule refuses (unless Fetch:AllowPrivateNetworks):
    /// a literal address at once, a name by the addresses DNS gives for it now (the worker checks again at each connect).
    /// </summary>
    public static async Task<IReadOnlyList<ConfigError>> NetworkErrorsAsync(
        EditorConfig config, string configDirectory, FetchOptions fetch, ChannelOptions channels, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(output);
        var errors = new List<ConfigError>();
        if (fetch.AllowPrivateNetworks)
        {
            return errors;
        }

        var file = EditorConfigLoader.DisplayPath(configDirectory, EditorConfigLoader.SubscribersFileName);
        var resolved = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var subscriber in config.Subscribers)
        {
            foreach (var channel in subscriber.Channels)
            {
                if (!TryTarget(channel, channels, out var target))
                {
                    continue;
                }

                var refusal = NetworkPolicy.RefusedTarget(target, allowPrivate: false);
                if (refusal is null && target.HostNameType == UriHostNameType.Dns)
                {
                    if (!resolved.TryGetValue(target.IdnHost, out refusal))
                    {
                        refusal = resolved[target.IdnHost] = await ResolveRefusalAsync(target.IdnHost, output, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (refusal is not null)
                {
                    errors.Add(new ConfigError(file, channel.Line, 0, $"subscriber '{subscriber.Email}' channel '{channel.Id}': {refusal}"));
                }
            }
        }

        return errors;
    }

    /// <summary>The channel's target; false when it cannot be known without a secret that is missing (reported by <see cref="Print"/>).</summary>
    private static bool TryTarget(ChannelSettings channel, ChannelOptions options, out Uri target)
    {
        var transport = ChannelTransports.For(channel.Kind);
        var secret = "";
        if (transport.TargetInSecret && channel.Secret is not null)
        {
            try
            {
                secret = ChannelSecrets.Read(channel.Secret);
            }
            catch (ChannelSecretException)
            {
                target = null!;
                return false;
            }
        }

        try
        {
            target = transport.Target(channel, secret, options);
            return true;
        }
        catch (UriFormatException)
        {
            target = null!;
            return false;
        }
    }

    private static async Task<string?> ResolveRefusalAsync(string host, TextWriter output, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ResolveTimeout);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, timeout.Token).ConfigureAwait(false);
            return NetworkPolicy.RefusedAddresses(host, addresses);
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // No DNS here (a build machine, a sandbox): the worker checks at connect time, and says so then.
            await output.WriteLineAsync($"  note: {host} could not be resolved here, so its addresses were not checked against {NetworkPolicy.Setting}").ConfigureAwait(false);
            return null;
        }
    }
}
