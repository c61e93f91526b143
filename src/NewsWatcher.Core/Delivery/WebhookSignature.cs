using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NewsWatcher.Core.Delivery;

/// <summary>
/// Standard Webhooks signing: <c>webhook-signature: v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))</c>, where
/// the key is the base64 part of a <c>whsec_</c> secret and the timestamp is the attempt's Unix time in seconds.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>Decodes a <c>whsec_…</c> secret (the prefix is optional) into the HMAC key; null when it is not base64 of 24-64 bytes.</summary>
    public static byte[]? ParseSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var text = secret.Trim();
        if (text.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            text = text[SecretPrefix.Length..];
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var length) && length is >= 24 and <= 64 ? buffer[..length] : null;
    }

    /// <summary>The <c>webhook-signature</c> header value for one attempt.</summary>
    public static string Sign(byte[] key, string id, long timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(body);
        if (id.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException("A webhook id must not contain '.'.", nameof(id));
        }

        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}."));
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>What a receiver does: true when one of the space-separated v1 signatures matches (compared in constant time).</summary>
    public static bool Verify(byte[] key, string id, long timestamp, byte[] body, string signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(signatureHeader);
        var expected = Encoding.ASCII.GetBytes(Sign(key, id, timestamp, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    /// <summary>The webhook id for a digest id: stable across resends, and free of '.' as the scheme requires.</summary>
    public static string MessageId(string digestId)
    {
        ArgumentNullException.ThrowIfNull(digestId);
        return "msg_" + new string([.. digestId.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
    }
}
