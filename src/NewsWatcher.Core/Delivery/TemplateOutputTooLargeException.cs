using System.Globalization;

namespace NewsWatcher.Core.Delivery;

/// <summary>A template's output passed its bound (<see cref="TemplateLimits.OutputChars"/>).</summary>
internal sealed class TemplateOutputTooLargeException : InvalidOperationException
{
    public TemplateOutputTooLargeException(int limit)
        : base(string.Create(CultureInfo.InvariantCulture, $"its output passed {limit:N0} characters"))
    {
        Limit = limit;
    }

    public int Limit { get; }
}
