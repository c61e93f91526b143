namespace NewsWatcher.Core.Delivery;

/// <summary>
/// Bounds on one render of an editor's template, growing with the digest: a template may loop over the items (even
/// over the items inside a loop over them), but not without bound. Over a bound the part is rendered with the built-in
/// template instead, so a broken template never costs a reader the message. (Recursion keeps Fluid's default bound of
/// 100; block nesting is refused past <see cref="TemplateNesting.MaxDepth"/> before a template is parsed.)
/// </summary>
public static class TemplateLimits
{
    /// <summary>Fluid statements a render may execute: the shipped templates take about 14 for the frame and 18 per item.</summary>
    public const int BaseSteps = 100_000;

    public const int StepsPerItem = 2_000;

    /// <summary>Characters a part may have: the shipped HTML template writes about 1,900 for one item and 820 per further item.</summary>
    public const int BaseOutputChars = 1_000_000;

    public const int OutputCharsPerItem = 100_000;

    /// <summary>The step budget for a digest of <paramref name="items"/> items.</summary>
    public static int Steps(int items) => BaseSteps + (StepsPerItem * Math.Clamp(items, 0, 10_000));

    /// <summary>The output budget, in characters, for a digest of <paramref name="items"/> items.</summary>
    public static int OutputChars(int items) => BaseOutputChars + (OutputCharsPerItem * Math.Clamp(items, 0, 10_000));
}
