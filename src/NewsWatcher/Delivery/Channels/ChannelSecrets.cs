using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Delivery.Channels;

/// <summary>Reads channel secrets from their file or environment variable at the moment they are needed (a rotated file is picked up).</summary>
internal static class ChannelSecrets
{
    /// <summary>The secret's value, trimmed.</summary>
    /// <exception cref="ChannelSecretException">It cannot be read; the message says where from, never what.</exception>
    public static string Read(SecretSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        string? value;
        if (source.File is not null)
        {
            try
            {
                value = File.ReadAllText(source.File);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ChannelSecretException($"cannot read the secret {source}: {ex.GetType().Name}");
            }
        }
        else
        {
            value = Environment.GetEnvironmentVariable(source.EnvironmentVariable ?? "");
        }

        value = value?.Trim();
        return string.IsNullOrEmpty(value) ? throw new ChannelSecretException($"the secret {source} is empty or not set") : value;
    }

    /// <summary>Problems with a channel's secret, for <c>check</c>: unreadable, empty, or not in the expected form.</summary>
    public static string? Problem(ChannelSettings channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.Secret is null)
        {
            return null;
        }

        try
        {
            var value = Read(channel.Secret);
            return channel.Kind.SecretProblem(value, channel.Secret);
        }
        catch (ChannelSecretException ex)
        {
            return ex.Message;
        }
    }
}
