using NewsWatcher.Channels;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Configuration;

namespace NewsWatcher.Cli;

/// <summary>
/// The <c>check</c> command's report on subscribers' channels: each one with where its secret comes from (never the
/// secret), and a file:line error for a secret that cannot be read or has the wrong form.
/// </summary>
internal static class ChannelCheck
{
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
                var extra = channel.ChatId is not null ? $" chat {channel.ChatId}" : channel.Topic is not null ? $" topic {channel.Topic}" : "";
                output.WriteLine($"  channel {subscriber.Email}/{channel.Id}: {channel.TypeName}{target}{extra}{secret}");
                if (ChannelSecrets.Problem(channel) is { } problem)
                {
                    errors.Add(new ConfigError(file, channel.Line, 0, $"subscriber '{subscriber.Email}' channel '{channel.Id}': {problem}"));
                }
            }
        }

        return errors;
    }
}
