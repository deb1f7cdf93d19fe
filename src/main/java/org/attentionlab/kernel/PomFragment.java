package org.attentionlab.kernel;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The body of IJava's {@code %%loadFromPOM}: a whole {@code pom.xml}, or only its
 * {@code <dependencies>}, {@code <dependency>}, {@code <repositories>} or {@code <properties>}
 * elements. Reads dependencies (with {@code ${property}} values filled in from
 * {@code <properties>}) and repositories; test- and provided-scoped dependencies are left out.
 */
record PomFragment(List<Dependency> dependencies, Map<String, String> repositories) {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    static PomFragment parse(String xml) {
        String body = xml.strip();
        if (body.startsWith("<?xml")) {
            body = body.substring(body.indexOf("?>") + 2).strip();
        }
        if (!body.startsWith("<project")) {
            body = "<project>" + body + "</project>";
        }
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(body)));
        } catch (Exception e) {
            throw new IllegalArgumentException("%%loadFromPOM: the cell is not well-formed POM XML: " + e.getMessage());
        }
        Element project = doc.getDocumentElement();
        Map<String, String> props = new HashMap<>();
        for (Element p : children(project, "properties")) {
            for (Node n = p.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    props.put(e.getTagName(), e.getTextContent().trim());
                }
            }
        }
        List<Dependency> deps = new ArrayList<>();
        List<Element> depElements = new ArrayList<>(children(project, "dependency"));
        for (Element ds : children(project, "dependencies")) {
            depElements.addAll(children(ds, "dependency"));
        }
        for (Element d : depElements) {
            String scope = text(d, "scope", props, "compile");
            if (scope.equals("test") || scope.equals("provided") || scope.equals("system")) {
                continue;
            }
            String group = required(d, "groupId", props);
            String artifact = required(d, "artifactId", props);
            String version = required(d, "version", props);
            String type = text(d, "type", props, "jar");
            String classifier = text(d, "classifier", props, "");
            deps.add(new Dependency(new DefaultArtifact(group, artifact, classifier, type, version), "runtime"));
        }
        Map<String, String> repos = new java.util.LinkedHashMap<>();
        List<Element> repoElements = new ArrayList<>(children(project, "repository"));
        for (Element rs : children(project, "repositories")) {
            repoElements.addAll(children(rs, "repository"));
        }
        for (Element r : repoElements) {
            repos.put(required(r, "id", props), required(r, "url", props));
        }
        return new PomFragment(deps, repos);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String required(Element e, String tag, Map<String, String> props) {
        String v = text(e, tag, props, null);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("%%loadFromPOM: a <" + e.getTagName() + "> lacks <" + tag + ">");
        }
        return v;
    }

    private static String text(Element e, String tag, Map<String, String> props, String fallback) {
        List<Element> c = children(e, tag);
        if (c.isEmpty()) {
            return fallback;
        }
        String v = c.get(0).getTextContent().trim();
        Matcher m = PROPERTY.matcher(v);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = props.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("%%loadFromPOM: undefined property ${" + m.group(1) + "} in <" + tag + ">");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
