import type { Language } from "../../domain/content/language";
import { useChosenLanguage } from "../turn-facts";
import type { BeforeRouteStep } from "./turn-step";

/** The part of the user's state the pipeline reads: the language picked with `svenska`/`english`. */
export interface LanguageState {
  user: { language?: Language };
}

/**
 * First inside the Teams application, as soon as the user's state is loaded: the language the user chose
 * wins over the client's locale for everything after it, the gate's refusal included. The steps before
 * the application run without it and answer in the locale's language.
 */
export function chosenLanguage<TState extends LanguageState>(): BeforeRouteStep<TState> {
  return async (context, state) => {
    useChosenLanguage(context, state.user.language);
    return true;
  };
}
