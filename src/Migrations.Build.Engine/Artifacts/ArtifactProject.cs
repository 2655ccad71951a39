using System.Xml;
using System.Xml.Linq;
using Migrations.Build.Engine.Commands;

namespace Migrations.Build.Engine.Artifacts;

/// <summary>
/// Writes migrations.proj: a project that takes the SDK by package (the version that published it) and carries the
/// source project's deploy-time settings and environments, so a run from the artifact behaves as a run from the
/// repository. It holds nothing secret: database URLs stay in environment variables, named by the environments.
/// </summary>
internal static class ArtifactProject
{
    /// <summary>Set only in an artifact's project; the SDK verifies the manifest before every target when it is set.</summary>
    public const string ManifestProperty = "_MigrationsArtifactManifest";

    public const string SdkName = "Migrations.Build.Sdk";

    /// <param name="sdkVersion">The SDK package version; null when the publishing SDK was not a package (in-repo), and the
    /// project then names the SDK without a version, to be pinned by global.json's msbuild-sdks.</param>
    public static string Write(string project, string? sdkVersion, string rollbackDirectory, IEnumerable<ArtifactSetting> settings, IEnumerable<EnvironmentDeclaration> environments)
    {
        var properties = new XElement("PropertyGroup",
            Property(ManifestProperty, ArtifactLayout.ManifestFileName),
            Property("MigrationsDirectory", "."),
            Property("MigrationsRollbackDirectory", rollbackDirectory));
        foreach (var setting in settings.OrderBy(setting => setting.Name, StringComparer.Ordinal))
        {
            properties.Add(Property(setting.Name, setting.Value));
        }

        var root = new XElement("Project",
            new XAttribute("Sdk", string.IsNullOrWhiteSpace(sdkVersion) ? SdkName : $"{SdkName}/{sdkVersion}"),
            new XComment($" Published from {project} by Migrations.Build. Do not edit: migrations.json records this file's checksum, and every target refuses a changed artifact. Change the source project and publish again. "),
            properties);

        var items = environments.Select(Environment).ToList();
        if (items.Count > 0)
        {
            root.Add(new XElement("ItemGroup", items));
        }

        var settingsForXml = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, IndentChars = "  ", NewLineChars = "\n" };
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using (var writer = XmlWriter.Create(text, settingsForXml))
        {
            root.WriteTo(writer);
        }

        return text + "\n";
    }

    private static XElement Property(string name, string value) => new(XmlConvert.VerifyName(name), MSBuildEscaping.Escape(value));

    private static XElement Environment(EnvironmentDeclaration environment)
    {
        var item = new XElement("MigrationEnvironment", new XAttribute("Include", MSBuildEscaping.Escape(environment.Name)));
        AddMetadata(item, "UrlVariable", environment.UrlVariable);
        AddMetadata(item, "ConfirmVariable", environment.ConfirmVariable);
        AddMetadata(item, "RequireTestedOn", environment.RequireTestedOn);
        AddMetadata(item, "Backup", environment.Backup);
        return item;
    }

    private static void AddMetadata(XElement item, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            item.Add(new XAttribute(name, MSBuildEscaping.Escape(value)));
        }
    }
}
