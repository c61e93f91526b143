using System.Security.Cryptography;
using System.Text;

namespace NewsWatcher.Core.Fetching;

/// <summary>
/// Checks a content notification's <c>X-Hub-Signature</c> (W3C WebSub §8): <c>method=hex</c>, an HMAC of the body with
/// the subscription's secret, in whichever of sha1, sha256, sha384 or sha512 the hub chose; compared in constant time.
/// </summary>
public static class HubSignature
{
    /// <summary>The signature's verdict; anything but <see cref="HubSignatureCheck.Valid"/> is dropped and counted.</summary>
    public static HubSignatureCheck Verify(string? header, ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrWhiteSpace(header))
        {
            return HubSignatureCheck.NoSignature;
        }

        var separator = header.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return HubSignatureCheck.Malformed;
        }

        var expected = Hash(header[..separator].Trim().ToLowerInvariant(), body, secret);
        if (expected is null)
        {
            return HubSignatureCheck.Malformed;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header[(separator + 1)..].Trim());
        }
        catch (FormatException)
        {
            return HubSignatureCheck.Malformed;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given) ? HubSignatureCheck.Valid : HubSignatureCheck.Wrong;
    }

    /// <summary>The header a hub sends for <paramref name="body"/> (the test hub signs with it).</summary>
    public static string Sign(string method, ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(method);
        var hash = Hash(method, body, secret) ?? throw new ArgumentOutOfRangeException(nameof(method), method, "sha1, sha256, sha384 or sha512");
        return $"{method}={Convert.ToHexStringLower(hash)}";
    }

    private static byte[]? Hash(string method, ReadOnlySpan<byte> body, string secret)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        return method switch
        {
#pragma warning disable CA5350 // WebSub lets the hub choose; sha1 is what many hubs still send, and refusing it would refuse their pushes.
            "sha1" => HMACSHA1.HashData(key, body),
#pragma warning restore CA5350
            "sha256" => HMACSHA256.HashData(key, body),
            "sha384" => HMACSHA384.HashData(key, body),
            "sha512" => HMACSHA512.HashData(key, body),
            _ => null,
        };
    }
}

/// <summary>What <see cref="HubSignature.Verify"/> found; the label is the drop counter's reason.</summary>
public enum HubSignatureCheck
{
    Valid,
    NoSignature,
    Wrong,
    Malformed,
}
