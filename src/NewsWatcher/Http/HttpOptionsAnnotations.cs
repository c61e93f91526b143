using Microsoft.Extensions.Options;

namespace NewsWatcher.Http;

/// <summary>The data-annotation checks of <see cref="HttpOptions"/>, source-generated (no reflection at start-up).</summary>
[OptionsValidator]
internal sealed partial class HttpOptionsAnnotations : IValidateOptions<HttpOptions>;
