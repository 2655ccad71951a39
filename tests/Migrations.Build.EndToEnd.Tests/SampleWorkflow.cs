using YamlDotNet.RepresentationModel;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>One step of a GitHub Actions job: a <c>run:</c> command or a <c>uses:</c> action, with the variables it sees.</summary>
internal sealed record WorkflowStep(string Job, string Name, string? Run, string? Uses, IReadOnlyDictionary<string, string> With, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// Reads a GitHub Actions workflow file into its steps, job by job in file order (the sample's jobs each need the one
/// before), with workflow, job and step <c>env:</c> merged as the runner merges them.
/// </summary>
internal static class SampleWorkflow
{
    public static string GitHubActionsPath => Path.Combine(RepositoryLayout.Root, "samples", "ci", "github-actions.yml");

    public static IReadOnlyList<WorkflowStep> Read(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var workflowEnvironment = Pairs(root, "env");
        var steps = new List<WorkflowStep>();
        foreach (var (jobName, jobNode) in ((YamlMappingNode)root.Children[new YamlScalarNode("jobs")]).Children)
        {
            var job = (YamlMappingNode)jobNode;
            var jobEnvironment = Merge(workflowEnvironment, Pairs(job, "env"));
            foreach (var step in ((YamlSequenceNode)job.Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>())
            {
                var run = Scalar(step, "run");
                var uses = Scalar(step, "uses");
                steps.Add(new WorkflowStep(((YamlScalarNode)jobName).Value!, Scalar(step, "name") ?? uses ?? run ?? "(unnamed)", run?.Trim(), uses, Pairs(step, "with"), Merge(jobEnvironment, Pairs(step, "env"))));
            }
        }

        return steps;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static Dictionary<string, string> Pairs(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? ((YamlMappingNode)value).Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => ((YamlScalarNode)pair.Value).Value ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> outer, IReadOnlyDictionary<string, string> inner)
    {
        var merged = new Dictionary<string, string>(outer, StringComparer.Ordinal);
        foreach (var (name, value) in inner)
        {
            merged[name] = value;
        }

        return merged;
    }
}
