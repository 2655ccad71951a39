namespace Migrations.Build.EndToEnd.Tests;

/// <summary>The two ways users take the SDK.</summary>
public enum ConsumerKind
{
    /// <summary><c>&lt;Project Sdk="Migrations.Build.Sdk/…" /&gt;</c>: a project that holds only migrations.</summary>
    MigrationsOnly,

    /// <summary><c>&lt;Sdk Name="Migrations.Build.Sdk" … /&gt;</c> inside a Microsoft.NET.Sdk console application.</summary>
    InsideApplication,
}
