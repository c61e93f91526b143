using NewsWatcher.Cli;

namespace NewsWatcher.Tests.Cli;

public sealed class SettingOverridesTests
{
    [Fact]
    public void Rewrite_SettingTokens_BecomeTheHiddenOptionAndKeepTheirValue()
    {
        string[] args = ["--Smtp:Host=relay", "once", "--Scheduling:Database=Host=db;Password=a=b", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning"];

        var tokens = SettingOverrides.Rewrite(args);

        Assert.Equal(
            ["--setting", "Smtp:Host=relay", "once", "--setting", "Scheduling:Database=Host=db;Password=a=b", "--setting", "Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning"],
            tokens);
    }

    [Theory]
    [InlineData("--config:dir")]
    [InlineData("--config=dir")]
    [InlineData("--Smtp:Host")]
    [InlineData("Smtp:Host=relay")]
    [InlineData("--text=a:b=c")]
    public void Rewrite_OtherTokens_AreLeftAsTyped(string token)
    {
        Assert.Equal([token], SettingOverrides.Rewrite([token]));
    }

    [Fact]
    public void Rewrite_AfterDoubleDash_LeavesTokensAsTyped()
    {
        Assert.Equal(["check", "--", "--Smtp:Host=relay"], SettingOverrides.Rewrite(["check", "--", "--Smtp:Host=relay"]));
    }

    [Fact]
    public void ToConfigurationArgs_Settings_AreCommandLineConfigurationArguments()
    {
        Assert.Equal(["--Smtp:Host=relay", "--Storage:KeyPrefix=a:"], SettingOverrides.ToConfigurationArgs(["Smtp:Host=relay", "Storage:KeyPrefix=a:"]));
        Assert.Empty(SettingOverrides.ToConfigurationArgs(null));
    }
}
