using System.Text;
using NewsWatcher.Core.Fetching;

namespace NewsWatcher.Core.Tests.Fetching;

public sealed class HubSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>Truce violated</title></entry></feed>");

    [Theory]
    [InlineData("sha1")]
    [InlineData("sha256")]
    [InlineData("sha384")]
    [InlineData("sha512")]
    public void Verify_SignedWithTheSecret_ValidWhateverTheMethod(string method)
    {
        Assert.Equal(HubSignatureCheck.Valid, HubSignature.Verify(HubSignature.Sign(method, Body, "s3cret"), Body, "s3cret"));
    }

    [Fact]
    public void Verify_ForgedOrUnsignedOrGarbled_NotValid()
    {
        var forged = HubSignature.Sign("sha256", Body, "guessed");
        var tampered = HubSignature.Sign("sha256", Body, "s3cret");

        Assert.Equal(HubSignatureCheck.Wrong, HubSignature.Verify(forged, Body, "s3cret"));
        Assert.Equal(HubSignatureCheck.Wrong, HubSignature.Verify(tampered, [.. Body, (byte)' '], "s3cret"));
        Assert.Equal(HubSignatureCheck.NoSignature, HubSignature.Verify(null, Body, "s3cret"));
        Assert.Equal(HubSignatureCheck.Malformed, HubSignature.Verify("md5=00", Body, "s3cret"));
        Assert.Equal(HubSignatureCheck.Malformed, HubSignature.Verify("sha256=zz", Body, "s3cret"));
    }
}
