using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace NewsWatcher.Core;

/// <summary>
/// Makes the legacy code pages (windows-1251, koi8-r, ...) that feeds declare available to <see cref="Encoding.GetEncoding(string)"/>.
/// </summary>
/// <remarks>
/// A module initializer runs before any code of this assembly, in every process that loads it (the worker, the CLI,
/// the tests), so no caller depends on which type happened to be touched first.
/// </remarks>
internal static class CodePages
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Registering an encoding provider is process-wide set-up this library needs before any of its code runs; a static constructor made it depend on test order.")]
    internal static void Register() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
}
