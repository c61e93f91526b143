using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Testing;

namespace NewsWatcher.Tests.Cli;

/// <summary>
/// <c>check</c> on the ops settings: secrets from files show their path, never the secret; a missing file is a settings
/// error; the Http settings are shown and validated.
/// </summary>
public sealed class CheckOpsSettingsTests : IDisposable
{
    private readonly string _work = TempDirectory.Create("check-ops");

    public CheckOpsSettingsTests()
    {
        var config = Path.Combine(_work, "config");
        Directory.CreateDirectory(config);
        foreach (var file in Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "config")))
        {
            File.Copy(file, Path.Combine(config, Path.GetFileName(file)));
        }
    }

    [Fact]
    public async Task Check_RedisAndSmtpPasswordFiles_PrintsPathsNotSecrets()
    {
        File.WriteAllText(Path.Combine(_work, "redis_password"), "redis-file-secret\n");
        File.WriteAllText(Path.Combine(_work, "smtp_password"), "smtp-file-secret\n");

        var result = await CliProcess.RunAsync(_work, "check", "--Storage:Configuration=redis:6379", "--Storage:PasswordFile=redis_password",
            "--Smtp:Host=mail", "--Smtp:User=ops", "--Smtp:PasswordFile=smtp_password");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Storage:PasswordFile = redis_password", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Smtp:PasswordFile = smtp_password", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("file-secret", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_RenamedSettings_StillTakeEffectUnderTheirNewNamesAndWarn()
    {
        // An existing deployment's settings, written before Redis became Storage (its TTLs Dedup) and Outbox MailFolder.
        var result = await CliProcess.RunAsync(_work, new Dictionary<string, string>
        {
            ["Redis__Configuration"] = "redis:6379",
            ["Redis__SeenTtl"] = "10.00:00:00",
        }, "check", "--Redis:KeyPrefix={nw}:", "--Outbox:Directory=mail");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Storage:Configuration = redis:6379", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Storage:KeyPrefix = {nw}:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Dedup:SeenTtl = 10.00:00:00", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning: setting Redis:Configuration has a new name: Storage:Configuration", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("warning: setting Redis:SeenTtl has a new name: Dedup:SeenTtl", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("warning: setting Redis:KeyPrefix has a new name: Storage:KeyPrefix", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("MailFolder:Directory = mail", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning: setting Outbox:Directory has a new name: MailFolder:Directory", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SchedulingDatabaseWithPassword_PrintsTheConnectionWithThePasswordMasked()
    {
        File.WriteAllText(Path.Combine(_work, "pg_password"), "pg-file-secret\n");

        var result = await CliProcess.RunAsync(_work, "check", "--Scheduling:Database=Host=db;Username=nw;Password=inline-secret;Database=nw",
            "--Scheduling:PasswordFile=pg_password", "--Scheduling:TablePrefix=nw_qrtz_");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Scheduling:Database = Host=db;Username=nw;Password=****;Database=nw", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Scheduling:PasswordFile = pg_password", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Scheduling:TablePrefix = nw_qrtz_", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SchedulingSettingsInvalid_ExitsTwoNamingEachKey()
    {
        var result = await CliProcess.RunAsync(_work, "check", "--Scheduling:Database=Port=5432", "--Scheduling:TablePrefix=drop table;", "--Scheduling:PasswordFile=nowhere");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Scheduling:Database", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Contains("TablePrefix", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Contains("password file 'nowhere' does not exist", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_RedisPasswordFileMissing_ExitsTwoNamingTheKey()
    {
        var result = await CliProcess.RunAsync(_work, "check", "--Storage:Configuration=redis:6379", "--Storage:PasswordFile=/nonexistent/redis_password");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Storage:PasswordFile", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ShippedConfig_PrintsHttpSettings()
    {
        var result = await CliProcess.RunAsync(_work, "check", "--Http:Port=9100");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Http:Port = 9100", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Http:BindAddress = 127.0.0.1", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Http:BindAddress=everywhere", "Http:BindAddress")]
    [InlineData("--Http:Port=70000", "Port")]
    [InlineData("--Http:TrustedProxies=10.0.0.0/33", "Http:TrustedProxies: '10.0.0.0/33' is neither")]
    public async Task Check_InvalidHttpSetting_ExitsTwoNamingIt(string setting, string named)
    {
        var result = await CliProcess.RunAsync(_work, "check", setting);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        TempDirectory.DeleteQuietly(_work);
    }
}
