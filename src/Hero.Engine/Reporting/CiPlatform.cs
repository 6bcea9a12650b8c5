namespace Hero.Reporting;

public enum CiPlatform
{
    /// <summary>Detect from GITHUB_ACTIONS / TF_BUILD.</summary>
    Auto,
    GitHub,
    AzurePipelines,
    None,
}
