using System.Security.Cryptography;
using System.Text;

namespace NewsWatcher.Core.Subscribers;

/// <summary>
/// Capability tokens for links in messages: <c>base64url(subject).base64url(HMAC-SHA256(key, purpose + "\n" + subject))</c>.
/// Without the key nobody can make one, change the subject, or reuse one made for another purpose.
/// </summary>
public static class SubscriberTokens
{
    /// <summary>The purpose of the links in messages (one-click unsubscribe and the preferences page).</summary>
    public const string Unsubscribe = "unsubscribe";

    /// <summary>The purpose of a story link (a truce thread's read-only page, up to one development).</summary>
    public const string Story = "story";

    /// <summary>Shortest key accepted.</summary>
    public const int MinKeyBytes = 32;

    public static string Create(byte[] key, string purpose, string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return $"{Base64Url(Encoding.UTF8.GetBytes(subject))}.{Base64Url(Mac(key, purpose, subject))}";
    }

    /// <summary>The subject of a genuine token for <paramref name="purpose"/>; null for anything else (forged, altered, truncated, another purpose).</summary>
    public static string? Read(byte[] key, string purpose, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2048)
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !TryDecode(token[..dot], out var subjectBytes) || !TryDecode(token[(dot + 1)..], out var mac))
        {
            return null;
        }

        string subject;
        try
        {
            subject = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(subjectBytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(mac, Mac(key, purpose, subject)) ? subject : null;
    }

    private static byte[] Mac(byte[] key, string purpose, string subject)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"newswatcher:{purpose}\n{subject}"));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return false;
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        var buffer = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, buffer, out var length))
        {
            return false;
        }

        bytes = buffer[..length];

        // Only the canonical spelling: the last character's unused bits must be zero, so no two strings pass for one token.
        return Base64Url(bytes) == text;
    }
}
