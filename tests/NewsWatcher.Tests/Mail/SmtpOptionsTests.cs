using NewsWatcher.Delivery.Mail;

namespace NewsWatcher.Tests.Mail;

public sealed class SmtpOptionsTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("  ", true)]
    [InlineData("relay.example.org", false)]
    public void UsesOutbox_Host_OutboxOnlyWithoutOne(string host, bool outbox) =>
        Assert.Equal(outbox, new SmtpOptions { Host = host }.UsesMailFolder());
}
