using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Testing;

namespace NewsWatcher.Tests.Cli;

/// <summary><c>check</c> with secrets from files: the path is shown, the secret never is; a missing file is a settings error.</summary>
public sealed class CheckSecretsTests : IDisposable
{
    private readonly string _work = TempDirectory.Create("check-secrets");

    public CheckSecretsTests()
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

        var result = await CliProcess.RunAsync(_work, "check", "--Redis:Configuration=redis:6379", "--Redis:PasswordFile=redis_password",
            "--Smtp:Host=mail", "--Smtp:User=ops", "--Smtp:PasswordFile=smtp_password");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Redis:PasswordFile = redis_password", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Smtp:PasswordFile = smtp_password", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("file-secret", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_RedisPasswordFileMissing_ExitsTwoNamingTheKey()
    {
        var result = await CliProcess.RunAsync(_work, "check", "--Redis:Configuration=redis:6379", "--Redis:PasswordFile=/nonexistent/redis_password");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Redis:PasswordFile", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        TempDirectory.DeleteQuietly(_work);
    }
}
