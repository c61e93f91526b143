using Microsoft.Extensions.Options;

namespace NewsWatcher.Configuration;

/// <summary>The data-annotation checks of <see cref="RulesReloadOptions"/>, source-generated (no reflection at start-up).</summary>
[OptionsValidator]
internal sealed partial class RulesReloadOptionsAnnotations : IValidateOptions<RulesReloadOptions>;
