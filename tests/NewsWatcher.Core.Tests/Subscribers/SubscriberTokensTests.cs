using System.Text;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Tests.Subscribers;

public sealed class SubscriberTokensTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("a-test-key-of-at-least-thirty-two-characters");
    private static readonly byte[] OtherKey = Encoding.UTF8.GetBytes("another-key-of-at-least-thirty-two-characters");

    [Theory]
    [InlineData("desk@example.org")]
    [InlineData("desk@example.org/slack")]
    [InlineData("ünïcode@example.org")]
    public void Read_TokenItMade_ReturnsTheSubject(string subject)
    {
        var token = SubscriberTokens.Create(Key, SubscriberTokens.Unsubscribe, subject);

        Assert.Equal(subject, SubscriberTokens.Read(Key, SubscriberTokens.Unsubscribe, token));
        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void Read_ForgedAlteredOrForeignTokens_Null()
    {
        var desk = SubscriberTokens.Create(Key, SubscriberTokens.Unsubscribe, "desk@example.org");
        var other = SubscriberTokens.Create(Key, SubscriberTokens.Unsubscribe, "other@example.org");
        var swapped = other[..other.IndexOf('.', StringComparison.Ordinal)] + desk[desk.IndexOf('.', StringComparison.Ordinal)..];

        Assert.Null(SubscriberTokens.Read(Key, SubscriberTokens.Unsubscribe, swapped));
        Assert.Null(SubscriberTokens.Read(Key, SubscriberTokens.Unsubscribe, desk[..^2]));
        Assert.Null(SubscriberTokens.Read(Key, SubscriberTokens.Unsubscribe, desk + "A"));
        Assert.Null(SubscriberTokens.Read(OtherKey, SubscriberTokens.Unsubscribe, desk));
        Assert.Null(SubscriberTokens.Read(Key, "confirm", desk));
        Assert.Null(SubscriberTokens.Read(Key, SubscriberTokens.Unsubscribe, "ZGVza0BleGFtcGxlLm9yZw."));
        Assert.Null(SubscriberTokens.Read(Key, SubscriberTokens.Unsubscribe, "not a token"));
        Assert.Null(SubscriberTokens.Read(Key, SubscriberTokens.Unsubscribe, null));
    }

    [Fact]
    public void Read_SignatureSpelledWithUnusedBitsSet_Null()
    {
        // A 32-byte MAC is 43 base64url characters, the last carrying 2 unused bits: setting them decodes to the same
        // bytes, and must still not pass for the token.
        var token = SubscriberTokens.Create(Key, SubscriberTokens.Unsubscribe, "desk@example.org");
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = Alphabet.IndexOf(token[^1], StringComparison.Ordinal);
        var variants = Enumerable.Range(1, 3).Select(bits => token[..^1] + Alphabet[last | bits]).Where(v => v != token).ToList();

        Assert.NotEmpty(variants);
        Assert.All(variants, v => Assert.Null(SubscriberTokens.Read(Key, SubscriberTokens.Unsubscribe, v)));
    }
}
