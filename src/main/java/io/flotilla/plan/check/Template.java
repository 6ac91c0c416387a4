package io.flotilla.plan.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with variables of the cluster a check looks at: {@code {namespace}},
 * {@code {name}}, {@code {stage}} and {@code {label.<key>}}. A variable is a word in
 * braces with no space, quote, comma or {@code =} in it, so that PromQL's label matchers
 * ({@code {namespace="{namespace}"}}) stay as written around the variables inside them.
 *
 * @param text the text as written
 */
public record Template(String text) {

	/** The variables every cluster has, besides its labels. */
	public static final List<String> VARIABLES = List.of("namespace", "name", "stage");

	/** The prefix of a label's variable, such as {@code {label.tier}}. */
	public static final String LABEL = "label.";

	private static final Pattern VARIABLE = Pattern.compile("\\{([^{}\\s\"'=,]+)}");

	public Template {
		for (Variable variable : variablesIn(text)) {
			if (!isKnown(variable.name())) {
				throw new IllegalArgumentException("unknown template variable {" + variable.name() + "}");
			}
		}
	}

	/**
	 * The variables a text names, known or not, each with its index in the text.
	 */
	public static List<Variable> variablesIn(String text) {
		List<Variable> variables = new ArrayList<>();
		Matcher matcher = VARIABLE.matcher(text);
		while (matcher.find()) {
			variables.add(new Variable(matcher.group(1), matcher.start()));
		}
		return variables;
	}

	public static boolean isKnown(String variable) {
		return VARIABLES.contains(variable) || (variable.startsWith(LABEL) && variable.length() > LABEL.length());
	}

	/**
	 * The text with each variable replaced by its value; a label the cluster does not
	 * carry is replaced by nothing.
	 * @param values the values of {@code namespace}, {@code name}, {@code stage} and of
	 * {@code label.<key>} for each label
	 */
	public String render(Map<String, String> values) {
		Matcher matcher = VARIABLE.matcher(this.text);
		StringBuilder rendered = new StringBuilder();
		while (matcher.find()) {
			String value = values.getOrDefault(matcher.group(1), "");
			matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(rendered);
		return rendered.toString();
	}

	/**
	 * A variable named in a text.
	 *
	 * @param name the name between the braces
	 * @param index where its opening brace is in the text, from 0
	 */
	public record Variable(String name, int index) {

	}

}
